"""12345 诉求中心 (/hotline): the page and its ids, the ticket drawer, the actions, and their pure renderers."""
