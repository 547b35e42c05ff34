"""Empowerment: village groups, their members, meetings and Hogan's five-stage cycle."""
