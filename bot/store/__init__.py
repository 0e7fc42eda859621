"""What lasts: the SQL schema and its engine."""
