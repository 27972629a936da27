"""The expression language of profiles: parsing, scopes and compilation to Polars."""
