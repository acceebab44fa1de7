"""The engine: the event base class and its checks, replay, the index of every key's history, states,
knowledge time (corrections and retractions) and timelines. It knows no event type of the catalogue, no file
format and no way of showing an answer; it imports only the core."""
