// Fixture paths, scratch folders and running the built binary come from the shared testing target.
@_exported import BotCensusTesting
