/// A verdict as one JSON object built straight into bytes, for the case's stored analysis (a hundred thousand
/// verdicts per `census --recompute`, where Foundation's encoder took an eighth of the time). It carries the
/// same keys as the contract encoding (`ContractEncoding.swift`) and decodes with the synthesised `Decodable`.
extension Verdict {
    public func writeJSON(into j: inout JSONLine) {
        j.begin()
        j.object("class_probabilities") { j in
            for (name, p) in classProbabilities.sorted(by: { $0.key < $1.key }) {
                j.key(name)
                j.number(p)
            }
        }
        j.double("confidence", confidence)
        j.int("connections", connections)
        j.array("evidence") { j in
            for e in evidence {
                j.element { j in
                    j.string("detail", e.detail); j.string("kind", e.kind); j.double("weight", e.weight)
                }
            }
        }
        j.array("exposed_devices") { j in
            for d in exposedDevices {
                j.element { j in
                    j.string("class", d.deviceClass.rawValue); j.int("port", d.port); j.string("product", d.product)
                    j.string("seen", d.seen); j.string("vendor", d.vendor)
                }
            }
        }
        j.string("first_seen", firstSeen)
        j.object("hosts_behind_ip") { j in
            j.int("estimate", hostsBehindIP.estimate); j.int("high", hostsBehindIP.high); j.int("low", hostsBehindIP.low)
            j.string("method", hostsBehindIP.method); j.int("senders", hostsBehindIP.senders)
        }
        j.string("ip", ip.description)
        j.string("last_seen", lastSeen)
        j.int("messages", messages)
        j.string("naive_class", naiveClass.rawValue)
        j.double("p_exposed_device_sent", exposedDeviceSentProbability)
        j.string("sender_class", senderClass.rawValue)
        if let os = senderOS {
            j.object("sender_os") { j in
                j.string("family", os.family.rawValue); j.string("label", os.label); j.string("quality", os.quality)
            }
        } else {
            j.key("sender_os"); j.null()
        }
        if let s = sendersBehindIP {
            j.object("senders_behind_ip") { j in
                j.int("estimate", s.estimate); j.int("high", s.high); j.int("low", s.low); j.string("method", s.method)
            }
        } else {
            j.key("senders_behind_ip"); j.null()
        }
        j.string("verdict", verdict.rawValue)
        j.end()
    }
}
