"""Motions: decided at a meeting by roll call or by written procedure, under the rules of the
Constitution in force when the vote opened."""
