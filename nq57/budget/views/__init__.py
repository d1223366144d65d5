"""The budget's pages: reading (`reading`: the year, the entries behind a figure and their
export, an organisation over the years) and recording (`recording`: one entry, a file)."""
