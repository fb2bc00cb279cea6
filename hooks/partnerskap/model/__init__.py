"""The association's facts as typed, validated objects, and the rules on them (the 49 % rule, funds, e-mail protection)."""
