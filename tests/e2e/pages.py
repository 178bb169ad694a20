"""One page of every type, in both languages, from the programme's content."""

PAGE_TYPES = {
    "home": ("/pt/", "/en/"),
    "pillar index": ("/pt/areas-de-trabalho/", "/en/areas-of-work/"),
    "pillar": (
        "/pt/areas-de-trabalho/estudos-atuariais/",
        "/en/areas-of-work/actuarial-studies/",
    ),
    "pillar with the C102 table": (
        "/pt/areas-de-trabalho/convencoes-internacionais/",
        "/en/areas-of-work/international-conventions/",
    ),
    "testimonial index": ("/pt/testemunhos/", "/en/testimonials/"),
    "testimonial": (
        "/pt/testemunhos/elisandra-albertina-lopes-de-pina/",
        "/en/testimonials/elisandra-albertina-lopes-de-pina/",
    ),
    "team index": ("/pt/equipa/", "/en/team/"),
    "team member": (
        "/pt/equipa/responsavel-cabo-verde-guine-bissau/",
        "/en/team/country-officer-cabo-verde-guinea-bissau/",
    ),
    "timeline": ("/pt/cronologia/", "/en/timeline/"),
    "timeline, activities": ("/pt/cronologia/?kind=activities", "/en/timeline/?kind=activities"),
    "story, not an activity": (
        "/pt/cronologia/acordo-da-3-fase/",
        "/en/timeline/phase-3-agreement/",
    ),
    "timeline, a country chosen": ("/pt/cronologia/?country=mz", "/en/timeline/?country=mz"),
    "story": (
        "/pt/cronologia/timor-leste-roteiro-c102/",
        "/en/timeline/timor-leste-c102-road-map/",
    ),
    "library, empty": ("/pt/publicacoes/", "/en/publications/"),
    "country index": ("/pt/paises/", "/en/countries/"),
    "country": ("/pt/paises/cabo-verde/", "/en/countries/cabo-verde/"),
    "country, no step yet": ("/pt/paises/guine-bissau/", "/en/countries/guinea-bissau/"),
    "contact": ("/pt/contacto/", "/en/contact/"),
    "legal page": ("/pt/declaracao-de-acessibilidade/", "/en/accessibility-statement/"),
    "search": ("/pt/pesquisa/?q=proteção", "/en/search/?q=protection"),
    "not found": ("/pt/nao-existe/", "/en/does-not-exist/"),
    "sign in": ("/pt/_util/login/", "/en/_util/login/"),
}

ALL_PAGES = [
    (f"{kind} [{language}]", url)
    for kind, urls in PAGE_TYPES.items()
    for language, url in zip(("pt", "en"), urls, strict=True)
]
