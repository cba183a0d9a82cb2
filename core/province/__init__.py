"""The provincial view: figures, rollups, periods, tables, the rows behind a figure, charts, the decree matrix, side by side, replay."""
