"""When each follow-up is due: the policy's numbers, business-hours windows, the cadence guard,
the planner, the agenda and habits.
"""
