"""The site's sections, as each content app declares it, and what site-wide pages show of
them.

A section is an index page under the home page and the pages under it (the areas of work,
the testimonials, the team, the timeline). A content app registers its ``Section`` from its
own ``AppConfig.ready()``: its index and item models, its label, what the home page and the
pages its items are tagged with show of it (``Glimpse``), its feed. The home page, the
translation status and the feeds learn of sections from here and never name one.
"""
