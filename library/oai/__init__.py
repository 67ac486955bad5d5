"""The portal's OAI-PMH 2.0 provider at /oai/, built on lxml.

Not on django-oai-pmh: that package is tied to its own Header/DCRecord tables and drops the set
filter and misapplies `until` after the first page (see README). Modules: `conf` (OAI_* settings),
`errors` (one exception per error code), `arguments` (one validator per verb), `tokens` (signed,
stateless resumption tokens), `repository` (keyset queries), `formats` (oai_dc, mods),
`responses` (one builder per verb), `views` (the endpoint).
"""
