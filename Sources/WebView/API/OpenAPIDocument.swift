/// The API's OpenAPI 3.1 document, written by hand (served at `/api/openapi.json`). `Verdict` and `Census` are
/// the contracts of docs/schema with `$defs` moved to `components/schemas`; a test checks they have not drifted
/// from those files, and validates the document with openapi-spec-validator and the API's answers against it.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "botcensus web view API",
    "version": "1.0.0",
    "description": "Read-only JSON over one botcensus case, served by `botcensus serve`. Every answer reads the case as it is when the request arrives (what `trap` and `probe` add shows on the next request). Only GET and HEAD: any other method is 405. A bad query parameter, or one the endpoint does not know, is 400 with an Error naming it; an empty value counts as not given. Listening beyond loopback requires `--token`, and then every request must carry `Authorization: Bearer TOKEN`."
  },
  "paths": {
    "/api/verdicts": {
      "get": {
        "operationId": "listVerdicts",
        "summary": "Verdicts, filtered and paged",
        "description": "One verdict per sending address, in address order; each item is the verdict contract (docs/schema/verdict.schema.json) exactly as `botcensus export verdicts` writes it.",
        "parameters": [
          {
            "name": "class",
            "in": "query",
            "required": false,
            "description": "Only verdicts whose sender_class is this class.",
            "schema": {
              "$ref": "#/components/schemas/DeviceClass"
            }
          },
          {
            "name": "verdict",
            "in": "query",
            "required": false,
            "description": "Only verdicts of this kind.",
            "schema": {
              "enum": [
                "device-sent",
                "gateway-sent",
                "other-host-behind-nat",
                "ambiguous",
                "stale",
                "no-evidence"
              ]
            }
          },
          {
            "name": "min_confidence",
            "in": "query",
            "required": false,
            "description": "Only verdicts at least this confident.",
            "schema": {
              "type": "number",
              "minimum": 0,
              "maximum": 1
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Verdicts per page.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "default": 100
            }
          },
          {
            "name": "offset",
            "in": "query",
            "required": false,
            "description": "Verdicts to skip.",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "default": 0
            }
          }
        ],
        "responses": {
          "200": {
            "description": "One page of verdicts.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/VerdictPage"
                }
              }
            }
          },
          "400": {
            "description": "A bad or unknown parameter, named.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "The server listens beyond loopback and the request carries no valid `Authorization: Bearer TOKEN`."
          }
        }
      }
    },
    "/api/census": {
      "get": {
        "operationId": "getCensus",
        "summary": "The census",
        "description": "The census contract (docs/schema/census.schema.json), as `botcensus census --format json` prints it.",
        "responses": {
          "200": {
            "description": "The census.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Census"
                }
              }
            }
          },
          "400": {
            "description": "Any query parameter (this endpoint takes none).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "The server listens beyond loopback and the request carries no valid `Authorization: Bearer TOKEN`."
          }
        }
      }
    },
    "/api/addresses/{ip}": {
      "get": {
        "operationId": "getAddress",
        "summary": "One address: verdict and timeline",
        "parameters": [
          {
            "name": "ip",
            "in": "path",
            "required": true,
            "description": "An IPv4 or IPv6 address.",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "limit",
            "in": "query",
            "required": false,
            "description": "Timeline entries per page.",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 5000,
              "default": 500
            }
          },
          {
            "name": "offset",
            "in": "query",
            "required": false,
            "description": "Timeline entries to skip.",
            "schema": {
              "type": "integer",
              "minimum": 0,
              "default": 0
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The address's verdict and one page of its timeline.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/AddressDetail"
                }
              }
            }
          },
          "400": {
            "description": "Not an address, or a bad parameter, named.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "The case holds nothing about the address.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "The server listens beyond loopback and the request carries no valid `Authorization: Bearer TOKEN`."
          }
        }
      }
    },
    "/api/openapi.json": {
      "get": {
        "operationId": "getOpenAPI",
        "summary": "This document",
        "responses": {
          "200": {
            "description": "The OpenAPI 3.1 document.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "401": {
            "description": "The server listens beyond loopback and the request carries no valid `Authorization: Bearer TOKEN`."
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Verdict": {
        "title": "botcensus verdict (one JSON Lines object per sending address)",
        "description": "botcensus attribute --format jsonl and botcensus export verdicts. Every key is present on every line, null when unknown.",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "ip",
          "first_seen",
          "last_seen",
          "messages",
          "connections",
          "verdict",
          "naive_class",
          "sender_class",
          "confidence",
          "class_probabilities",
          "p_exposed_device_sent",
          "hosts_behind_ip",
          "senders_behind_ip",
          "exposed_devices",
          "sender_os",
          "evidence"
        ],
        "properties": {
          "ip": {
            "type": "string"
          },
          "first_seen": {
            "type": "string",
            "format": "date-time"
          },
          "last_seen": {
            "type": "string",
            "format": "date-time"
          },
          "messages": {
            "type": "integer",
            "minimum": 0
          },
          "connections": {
            "type": "integer",
            "minimum": 0
          },
          "verdict": {
            "description": "About what answered the scan: device-sent (the answering device sent), gateway-sent (the NAT gateway itself), other-host-behind-nat, ambiguous, stale (the only observations are too far in time from the spam), no-evidence (nothing identifiable answered; sender_class then rests on the sender's own SYN).",
            "enum": [
              "device-sent",
              "gateway-sent",
              "other-host-behind-nat",
              "ambiguous",
              "stale",
              "no-evidence"
            ]
          },
          "naive_class": {
            "$ref": "#/components/schemas/DeviceClass"
          },
          "sender_class": {
            "$ref": "#/components/schemas/DeviceClass",
            "description": "The most probable class of the host that sent, when its probability (confidence) reaches 0.7; below that, unknown: the evidence does not separate the classes, and class_probabilities says how they stand."
          },
          "confidence": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": "The probability of the most probable class, named in sender_class or not."
          },
          "class_probabilities": {
            "type": "object",
            "propertyNames": {
              "$ref": "#/components/schemas/DeviceClass"
            },
            "additionalProperties": {
              "type": "number",
              "minimum": 0,
              "maximum": 1
            }
          },
          "p_exposed_device_sent": {
            "type": [
              "number",
              "null"
            ],
            "minimum": 0,
            "maximum": 1
          },
          "hosts_behind_ip": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "estimate",
              "low",
              "high",
              "method",
              "senders"
            ],
            "properties": {
              "estimate": {
                "type": "integer",
                "minimum": 0
              },
              "low": {
                "type": "integer",
                "minimum": 0
              },
              "high": {
                "type": "integer",
                "minimum": 0
              },
              "method": {
                "type": "string"
              },
              "senders": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 0
              }
            }
          },
          "senders_behind_ip": {
            "description": "Hosts that sent spam through the address: distinct sender stacks, or TCP clock lines / IP-ID runs where they separate hosts of one stack (method). high is one more than the estimate where nothing could separate hosts of one stack, or where no SYN is in evidence (method none). hosts_behind_ip counts the devices seen at the address: these senders plus devices that answered the scan but did not send.",
            "type": "object",
            "additionalProperties": false,
            "required": [
              "estimate",
              "low",
              "high",
              "method"
            ],
            "properties": {
              "estimate": {
                "type": "integer",
                "minimum": 0
              },
              "low": {
                "type": "integer",
                "minimum": 0
              },
              "high": {
                "type": "integer",
                "minimum": 0
              },
              "method": {
                "enum": [
                  "syn-signatures",
                  "tcp-timestamp-lines",
                  "ipid-runs",
                  "none"
                ]
              }
            }
          },
          "exposed_devices": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "port",
                "class",
                "vendor",
                "product",
                "seen"
              ],
              "properties": {
                "port": {
                  "type": "integer",
                  "minimum": 0,
                  "maximum": 65535
                },
                "class": {
                  "$ref": "#/components/schemas/DeviceClass"
                },
                "vendor": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "product": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "seen": {
                  "type": "string"
                }
              }
            }
          },
          "sender_os": {
            "type": [
              "object",
              "null"
            ],
            "additionalProperties": false,
            "required": [
              "family",
              "label",
              "quality"
            ],
            "properties": {
              "family": {
                "enum": [
                  "windows",
                  "linux",
                  "embedded-linux",
                  "bsd-macos",
                  "mobile",
                  "other",
                  "unknown"
                ]
              },
              "label": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "quality": {
                "type": "string"
              }
            }
          },
          "evidence": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "kind",
                "detail",
                "weight"
              ],
              "properties": {
                "kind": {
                  "type": "string"
                },
                "detail": {
                  "type": "string"
                },
                "weight": {
                  "type": "number"
                }
              }
            }
          }
        }
      },
      "Census": {
        "title": "botcensus census",
        "description": "botcensus census --format json. Every key is present, null when the case gives no figure (footprint, linking, capture_recapture).",
        "type": "object",
        "additionalProperties": false,
        "required": [
          "addresses",
          "messages",
          "naive",
          "estimate",
          "by_class",
          "verdicts",
          "method",
          "footprint",
          "linking",
          "capture_recapture"
        ],
        "properties": {
          "addresses": {
            "type": "integer",
            "minimum": 0
          },
          "messages": {
            "type": "integer",
            "minimum": 0
          },
          "naive": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "hosts",
              "iot_share"
            ],
            "properties": {
              "hosts": {
                "type": "integer",
                "minimum": 0
              },
              "iot_share": {
                "$ref": "#/components/schemas/Share"
              }
            }
          },
          "estimate": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "hosts",
              "hosts_low",
              "hosts_high",
              "iot_share",
              "iot_share_low",
              "iot_share_high"
            ],
            "properties": {
              "hosts": {
                "type": "integer",
                "minimum": 0
              },
              "hosts_low": {
                "type": "integer",
                "minimum": 0
              },
              "hosts_high": {
                "type": "integer",
                "minimum": 0
              },
              "iot_share": {
                "$ref": "#/components/schemas/Share"
              },
              "iot_share_low": {
                "$ref": "#/components/schemas/Share"
              },
              "iot_share_high": {
                "$ref": "#/components/schemas/Share"
              }
            }
          },
          "by_class": {
            "type": "object",
            "propertyNames": {
              "enum": [
                "router",
                "camera",
                "dvr",
                "tv",
                "appliance",
                "nas",
                "printer",
                "voip",
                "iot-other",
                "pc",
                "server",
                "mobile",
                "unknown"
              ]
            },
            "additionalProperties": {
              "type": "object",
              "additionalProperties": false,
              "required": [
                "hosts",
                "low",
                "high",
                "naive"
              ],
              "properties": {
                "hosts": {
                  "type": "integer",
                  "minimum": 0
                },
                "low": {
                  "type": "integer",
                  "minimum": 0
                },
                "high": {
                  "type": "integer",
                  "minimum": 0
                },
                "naive": {
                  "type": "integer",
                  "minimum": 0
                }
              }
            }
          },
          "verdicts": {
            "type": "object",
            "propertyNames": {
              "enum": [
                "device-sent",
                "gateway-sent",
                "other-host-behind-nat",
                "ambiguous",
                "stale",
                "no-evidence"
              ]
            },
            "additionalProperties": {
              "type": "integer",
              "minimum": 0
            }
          },
          "method": {
            "type": "string"
          },
          "footprint": {
            "type": [
              "object",
              "null"
            ],
            "additionalProperties": false,
            "required": [
              "addresses",
              "sender_units",
              "concurrent_max",
              "concurrent_mean"
            ],
            "properties": {
              "addresses": {
                "type": "integer",
                "minimum": 0
              },
              "sender_units": {
                "type": "integer",
                "minimum": 0
              },
              "concurrent_max": {
                "type": "integer",
                "minimum": 0
              },
              "concurrent_mean": {
                "type": "number",
                "minimum": 0
              }
            }
          },
          "linking": {
            "type": [
              "object",
              "null"
            ],
            "additionalProperties": false,
            "required": [
              "syns",
              "syns_with_timestamps",
              "linked_hosts",
              "linked_syns",
              "random_timestamp_groups"
            ],
            "properties": {
              "syns": {
                "type": "integer",
                "minimum": 0
              },
              "syns_with_timestamps": {
                "type": "integer",
                "minimum": 0
              },
              "linked_hosts": {
                "type": "integer",
                "minimum": 0
              },
              "linked_syns": {
                "type": "integer",
                "minimum": 0
              },
              "random_timestamp_groups": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            }
          },
          "capture_recapture": {
            "type": [
              "object",
              "null"
            ],
            "additionalProperties": false,
            "required": [
              "traps",
              "seen",
              "estimate",
              "low",
              "high",
              "method"
            ],
            "properties": {
              "traps": {
                "type": "integer",
                "minimum": 0
              },
              "seen": {
                "type": "integer",
                "minimum": 0
              },
              "estimate": {
                "type": "integer",
                "minimum": 0
              },
              "low": {
                "type": "integer",
                "minimum": 0
              },
              "high": {
                "type": "integer",
                "minimum": 0
              },
              "method": {
                "type": "string"
              }
            }
          }
        }
      },
      "DeviceClass": {
        "enum": [
          "router",
          "camera",
          "dvr",
          "tv",
          "appliance",
          "nas",
          "printer",
          "voip",
          "iot-other",
          "pc",
          "server",
          "mobile",
          "unknown"
        ]
      },
      "Share": {
        "type": "number",
        "minimum": 0,
        "maximum": 1
      },
      "VerdictPage": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "items",
          "limit",
          "next_offset",
          "offset",
          "total"
        ],
        "description": "One page of verdicts, in address order, after the filters.",
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Verdict"
            }
          },
          "limit": {
            "type": "integer",
            "minimum": 1,
            "maximum": 1000
          },
          "next_offset": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "description": "The offset of the next page; null on the last."
          },
          "offset": {
            "type": "integer",
            "minimum": 0
          },
          "total": {
            "type": "integer",
            "minimum": 0,
            "description": "Verdicts matching the filters in all."
          }
        }
      },
      "TimelineEvent": {
        "type": "object",
        "additionalProperties": false,
        "description": "A spam event: a message accepted or a connection, from a log, raw mail or the trap. Texts are as the sender wrote them (escape before display).",
        "required": [
          "campaign",
          "helo",
          "hostname",
          "id",
          "kind",
          "mailer",
          "message_id",
          "queue_id",
          "source",
          "subject",
          "syn_id",
          "time",
          "type"
        ],
        "properties": {
          "type": {
            "const": "event"
          },
          "kind": {
            "enum": [
              "message",
              "connection"
            ]
          },
          "id": {
            "type": "integer"
          },
          "time": {
            "type": "string",
            "format": "date-time"
          },
          "source": {
            "type": "string",
            "description": "FILE:LINE of the import."
          },
          "campaign": {
            "type": [
              "string",
              "null"
            ]
          },
          "helo": {
            "type": [
              "string",
              "null"
            ]
          },
          "hostname": {
            "type": [
              "string",
              "null"
            ]
          },
          "mailer": {
            "type": [
              "string",
              "null"
            ]
          },
          "message_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "queue_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "subject": {
            "type": [
              "string",
              "null"
            ]
          },
          "syn_id": {
            "type": [
              "integer",
              "null"
            ]
          }
        }
      },
      "TimelineSyn": {
        "type": "object",
        "additionalProperties": false,
        "description": "A SYN from the address, in p0f notation.",
        "required": [
          "dist",
          "dport",
          "dst",
          "id",
          "ipid",
          "joined",
          "os_label",
          "params",
          "raw_sig",
          "source",
          "sport",
          "time",
          "ts_val",
          "type"
        ],
        "properties": {
          "type": {
            "const": "syn"
          },
          "id": {
            "type": "integer"
          },
          "time": {
            "type": "string",
            "format": "date-time"
          },
          "source": {
            "type": "string"
          },
          "dist": {
            "type": [
              "integer",
              "null"
            ]
          },
          "dport": {
            "type": [
              "integer",
              "null"
            ]
          },
          "dst": {
            "type": [
              "string",
              "null"
            ]
          },
          "ipid": {
            "type": [
              "integer",
              "null"
            ]
          },
          "joined": {
            "type": "boolean",
            "description": "A spam event of the address was joined to this SYN."
          },
          "os_label": {
            "type": [
              "string",
              "null"
            ]
          },
          "params": {
            "type": [
              "string",
              "null"
            ]
          },
          "raw_sig": {
            "type": "string"
          },
          "sport": {
            "type": "integer"
          },
          "ts_val": {
            "type": [
              "integer",
              "null"
            ]
          }
        }
      },
      "TimelineObservation": {
        "type": "object",
        "additionalProperties": false,
        "description": "What answered a scan of the address on one port, and what the fingerprint databases made of it.",
        "required": [
          "fields",
          "id",
          "identity",
          "port",
          "protocol",
          "source",
          "time",
          "type"
        ],
        "properties": {
          "type": {
            "const": "observation"
          },
          "id": {
            "type": "integer"
          },
          "time": {
            "type": "string",
            "format": "date-time"
          },
          "source": {
            "type": "string"
          },
          "fields": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            },
            "description": "Banner fields (http.server, ssh.banner, …)."
          },
          "identity": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "type": "object",
                "additionalProperties": false,
                "required": [
                  "class",
                  "database",
                  "field",
                  "os",
                  "product",
                  "signature",
                  "vendor",
                  "version"
                ],
                "properties": {
                  "class": {
                    "$ref": "#/components/schemas/DeviceClass"
                  },
                  "database": {
                    "type": "string"
                  },
                  "field": {
                    "type": "string"
                  },
                  "os": {
                    "type": "string"
                  },
                  "product": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "signature": {
                    "type": "string"
                  },
                  "vendor": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "version": {
                    "type": [
                      "string",
                      "null"
                    ]
                  }
                }
              }
            ]
          },
          "port": {
            "type": "integer",
            "minimum": 0,
            "maximum": 65535
          },
          "protocol": {
            "type": "string"
          }
        }
      },
      "TimelineEntry": {
        "oneOf": [
          {
            "$ref": "#/components/schemas/TimelineEvent"
          },
          {
            "$ref": "#/components/schemas/TimelineSyn"
          },
          {
            "$ref": "#/components/schemas/TimelineObservation"
          }
        ],
        "discriminator": {
          "propertyName": "type",
          "mapping": {
            "event": "#/components/schemas/TimelineEvent",
            "syn": "#/components/schemas/TimelineSyn",
            "observation": "#/components/schemas/TimelineObservation"
          }
        }
      },
      "AddressDetail": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "ip",
          "timeline",
          "verdict"
        ],
        "properties": {
          "ip": {
            "type": "string"
          },
          "verdict": {
            "oneOf": [
              {
                "type": "null"
              },
              {
                "$ref": "#/components/schemas/Verdict"
              }
            ],
            "description": "Null when the address sent nothing the analysis has seen (an address only scanned)."
          },
          "timeline": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "entries",
              "limit",
              "next_offset",
              "offset",
              "total"
            ],
            "description": "One page of the address's spam events, SYNs and scan observations, in time order.",
            "properties": {
              "entries": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/TimelineEntry"
                }
              },
              "limit": {
                "type": "integer",
                "minimum": 1
              },
              "next_offset": {
                "type": [
                  "integer",
                  "null"
                ],
                "minimum": 0
              },
              "offset": {
                "type": "integer",
                "minimum": 0
              },
              "total": {
                "type": "integer",
                "minimum": 0
              }
            }
          }
        }
      },
      "Error": {
        "type": "object",
        "additionalProperties": false,
        "required": [
          "error",
          "parameter"
        ],
        "properties": {
          "error": {
            "type": "string",
            "description": "One sentence, starting with the parameter at fault."
          },
          "parameter": {
            "type": [
              "string",
              "null"
            ],
            "description": "The query parameter or path part at fault; null when none is."
          }
        }
      }
    },
    "securitySchemes": {
      "bearerToken": {
        "type": "http",
        "scheme": "bearer",
        "description": "Required when the server listens beyond loopback (`--token`)."
      }
    }
  },
  "security": [
    {},
    {
      "bearerToken": []
    }
  ]
}
"""#
}
