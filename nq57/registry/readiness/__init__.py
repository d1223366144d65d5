"""The readiness ranking of ministries and provinces to connect and share data: the method
(`method`), its arithmetic (`rules`) and the figures behind it (`selectors`)."""
