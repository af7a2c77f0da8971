"""Team mode's web app (issue 19): password sign-in, the candidate's own pages (the
personal app, one account per candidate), the coach's caseload and the admin's users."""
