"""Adapters that turn a file into a :class:`jixiao.grid.Grid`."""
