"""Every read of data quality, as of a date (`scores`)."""
