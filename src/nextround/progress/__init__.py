"""Progress over a job search: what was asked, what came back, what is improving."""
