"""Staff pages: thin — parse, call one action or query, render.

One module per sub-domain (`dashboard`, `items`, `cases`, `inquiries`, `ratings`, `hotline`,
`centre`); services/urls.py routes to them.
"""
