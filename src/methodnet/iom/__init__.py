"""Individual educational routes: the builder and deficit closure."""

from methodnet.iom.builder import BuilderOptions, IomBuilder, Route, Step, cover, routes_to_records
from methodnet.iom.routes import Routes

__all__ = ["BuilderOptions", "IomBuilder", "Route", "Routes", "Step", "cover", "routes_to_records"]
