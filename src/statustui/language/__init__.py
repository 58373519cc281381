"""The statustui language: Smart Search queries and rule files (grammar, AST, checker, back ends)."""
