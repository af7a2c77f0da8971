"""Record keeping: the profile, companies, contacts, applications and their stages,
interviews, the pipeline board and outcomes; every write re-plans what it changes."""
