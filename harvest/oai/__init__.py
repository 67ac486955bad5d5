"""An OAI-PMH 2.0 client on httpx and lxml, with no Django in it.

`client.OAIClient` pages through lists with resumption tokens and survives what real providers
do (see `errors` and `transport`); `parse` reads a response strictly: XML that does not parse is
an error with its reason, never silently repaired.
"""
