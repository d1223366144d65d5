"""Official reports as of a date (issue 18): the figures a steering-committee meeting is
given, assembled from every app as of one day, so that a signed report can later be checked
against the live data."""
