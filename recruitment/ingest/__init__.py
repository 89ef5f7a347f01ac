"""From a CSV file to rows the store keeps, and back: parsing of single values, reading and
writing CSV, checks of every row, classification against the store, exports and the template."""
