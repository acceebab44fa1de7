"""The built-in catalogue of event types, written with the public extension API only (as a user's own types are):
it imports aitimeline's public modules, never the engine's private ones."""
