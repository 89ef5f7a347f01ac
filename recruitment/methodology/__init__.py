"""What the statements imply, as pure functions of DataFrames: bounds of each figure, points,
implied monthly rates, calendar months, stated paces, the year-end projection and the
headline summary (docs/methodology.md)."""
