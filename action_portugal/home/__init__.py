"""The home page: the site's root, the programme's introduction and counters, and what every
registered section shows of itself there (``action_portugal.sections``)."""
