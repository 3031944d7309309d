/// The release this build is (`botcensus --version`; the case store's schema has its own migrations).
public enum BotCensusVersion {
    public static let current = "0.4.0"
}
