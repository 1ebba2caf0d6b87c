"""Rulesets: a decree's rules as data, the expression language, deadlines and the evaluator."""
