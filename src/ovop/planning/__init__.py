"""Planning: what the budget can fund (sources, price list, proposals, optimised scenarios, the
approved plan) and what was delivered and spent (activities, participants, costs, outputs)."""
