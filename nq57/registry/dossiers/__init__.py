"""Investment dossiers of databases: registered by the owner with the appraising body (the
Ministry of Science and Technology), approved or returned with the missing documents,
resubmitted; where each stands as of any day, the figures by state, and their pages. The
rules themselves are plain functions in `rules`."""
