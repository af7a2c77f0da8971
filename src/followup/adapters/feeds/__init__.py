"""Company news feeds: our own HTTP fetch (http.py), feedparser over bytes (rss.py), a twin."""
