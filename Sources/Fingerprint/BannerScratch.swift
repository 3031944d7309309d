/// Matching state that a caller identifying many banners keeps and passes to every match (one per
/// thread): regex match data and each prefilter's marks are then allocated once, not once per banner.
public final class BannerScratch {
    let regex = PCRE2Pattern.Scratch()
    let recog = RecogDatabase.MatchScratch()

    public init() {}
}
