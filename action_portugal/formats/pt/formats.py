# European Portuguese dates: 14 de junho de 2022 (month names are lowercase in locale/pt).
DATE_FORMAT = r"j \d\e F \d\e Y"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"
SHORT_DATE_FORMAT = "d/m/Y"
