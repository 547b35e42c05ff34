"""The evaluation: is the programme effective and efficient? Impact estimates per indicator
from the survey rounds, and the settings they use (issue 13)."""
