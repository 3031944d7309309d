/// The verdict and census contracts carry every documented key on every line, `null` when unknown.
/// Swift's synthesised `Encodable` leaves nil optionals out, so these types encode themselves; decoding
/// stays synthesised (it reads `null` and an absent key alike).

extension Verdict {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ip, forKey: .ip); try c.encode(firstSeen, forKey: .firstSeen); try c.encode(lastSeen, forKey: .lastSeen)
        try c.encode(messages, forKey: .messages); try c.encode(connections, forKey: .connections)
        try c.encode(verdict, forKey: .verdict); try c.encode(naiveClass, forKey: .naiveClass)
        try c.encode(senderClass, forKey: .senderClass); try c.encode(confidence, forKey: .confidence)
        try c.encode(classProbabilities, forKey: .classProbabilities)
        try c.encode(exposedDeviceSentProbability, forKey: .exposedDeviceSentProbability)
        try c.encode(hostsBehindIP, forKey: .hostsBehindIP); try c.encode(sendersBehindIP, forKey: .sendersBehindIP)
        try c.encode(exposedDevices, forKey: .exposedDevices)
        try c.encode(senderOS, forKey: .senderOS); try c.encode(evidence, forKey: .evidence)
    }
}

extension Verdict.HostCount {
    private enum EncodingKeys: String, CodingKey { case estimate, low, high, method, senders }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: EncodingKeys.self)
        try c.encode(estimate, forKey: .estimate); try c.encode(low, forKey: .low); try c.encode(high, forKey: .high)
        try c.encode(method, forKey: .method); try c.encode(senders, forKey: .senders)
    }
}

extension Verdict.ExposedDevice {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(port, forKey: .port); try c.encode(deviceClass, forKey: .deviceClass)
        try c.encode(vendor, forKey: .vendor); try c.encode(product, forKey: .product); try c.encode(seen, forKey: .seen)
    }
}

extension Verdict.SenderOS {
    private enum EncodingKeys: String, CodingKey { case family, label, quality }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: EncodingKeys.self)
        try c.encode(family, forKey: .family); try c.encode(label, forKey: .label); try c.encode(quality, forKey: .quality)
    }
}

extension Census {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(addresses, forKey: .addresses); try c.encode(messages, forKey: .messages)
        try c.encode(naive, forKey: .naive); try c.encode(estimate, forKey: .estimate); try c.encode(byClass, forKey: .byClass)
        try c.encode(verdicts, forKey: .verdicts); try c.encode(method, forKey: .method)
        try c.encode(footprint, forKey: .footprint); try c.encode(linking, forKey: .linking)
        try c.encode(captureRecapture, forKey: .captureRecapture)
    }
}
