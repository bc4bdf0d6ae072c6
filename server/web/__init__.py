"""The pages for people: linked-data pages, search, charts and the query UI."""
