"""ovop's date and number formats: one date format per language, used by every page.

Django's own Indonesian formats mix "3 Des. 2026", "03-12-2026" and "03-12-2026 14.53"; its
English ones are American ("12/03/2026", "2:51 p.m."). Here each language has one way to
write a date and a time, and dates typed as Indonesians write them (12/01/2024 = 12 January)
are read in both languages.
"""
