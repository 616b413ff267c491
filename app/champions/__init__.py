"""The champions programme: credits from valid certificates, levels, the opt-in directory."""
