"""Corridors: the Greater Eurasia freight network, routing, assignment, scenarios, resilience."""
