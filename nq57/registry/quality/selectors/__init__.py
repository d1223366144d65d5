"""Every read of data quality, as of a date:

- `scores`: the as-of rule, many databases at once (their evidence picked in SQL, added up by
  the pure rules), official and provisional;
- `database`: one database's page, each criterion's evidence and the trend;
- `ranking`: the official scores summed in SQL that rankings read, and the quality ranking of
  databases and owners.
"""
