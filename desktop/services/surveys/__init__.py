"""需求调研: surveys, answers, results and the 职工需求清单."""
