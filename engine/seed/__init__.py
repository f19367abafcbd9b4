"""From a seed article to draft facts: the infobox, dates, the timeline and place names."""
