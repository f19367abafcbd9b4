"""Pictures: the theatre map, day maps and the animation, charts, the HTML viewer, the
tabletop kit and GeoJSON."""
