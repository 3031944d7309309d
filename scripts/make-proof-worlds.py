"""Writes scenarios/proof/world-NN.json: the 20 seeded worlds of the proof test (Tests/ProofTests).

A family of PC-dominant botnets with IoT minorities, varied where it matters to attribution and counting:
NAT share, Windows share, pool layout (dynamic DSL and cable, static, heavy churn, carrier-grade NAT),
IoT infection (x0.5 to x1.5 the ThingBot rates), campaign rate and per-address cap, two or three traps with
varied p0f coverage, and late or reactive scans. Run: python3 scripts/make-proof-worlds.py 0 20
"""
import json, random, sys
def world(i):
    r = random.Random(1000 + i)
    nat = r.uniform(0.55, 0.95)
    pools = []
    kind = i % 5
    if kind == 0:   # dsl + cable
        pools = [dict(name='dsl', cidr='198.18.0.0/20', share=0.55, lease_hours=r.choice([8,12,24]), churn=r.uniform(0.3,0.7), distance=[9,17]),
                 dict(name='cable', cidr='198.18.16.0/20', share=0.45, lease_hours=r.choice([48,72,168]), churn=r.uniform(0.2,0.6), distance=[8,15])]
    elif kind == 1: # static
        pools = [dict(name='static', cidr='198.18.0.0/20', share=1, lease_hours=24, churn=0, distance=[8,16])]
    elif kind == 2: # heavy churn
        pools = [dict(name='dsl-1h', cidr='198.18.0.0/19', share=0.7, lease_hours=r.choice([1,2,4]), churn=r.uniform(0.2,0.5), distance=[9,17]),
                 dict(name='daily', cidr='198.18.32.0/20', share=0.3, lease_hours=24, churn=0.9, distance=[8,15])]
    elif kind == 3: # cgn heavy
        pools = [dict(name='cgn', cidr='198.18.0.0/24', share=r.uniform(0.3,0.7), cgn=True, households_per_address=r.choice([16,32,64]), distance=[12,20]),
                 dict(name='dsl', cidr='198.18.16.0/20', share=0.5, lease_hours=24, churn=r.uniform(0.1,0.5), distance=[9,17])]
    else:           # thingbot-like with a CGN slice
        pools = [dict(name='dsl', cidr='198.18.0.0/20', share=0.5, lease_hours=12, churn=0.5, distance=[9,17]),
                 dict(name='cable', cidr='198.18.16.0/20', share=0.45, lease_hours=72, churn=0.5, distance=[8,15]),
                 dict(name='mobile-cgn', cidr='198.51.100.0/24', share=0.05, cgn=True, households_per_address=40, distance=[12,20])]
    iot = r.choice([0.5, 1, 1.5])
    traps = [dict(hostname='trap1', ip='192.0.2.25', share=0.6, p0f_coverage=r.uniform(0.9, 1.0)),
             dict(hostname='trap2', ip='192.0.2.26', share=0.4, p0f_coverage=1.0)]
    if i % 3 == 2: traps.append(dict(hostname='trap3', ip='192.0.2.27', share=0.25, p0f_coverage=0.95))
    scans = [dict(reactive_minutes=r.choice([10, 30, 120]))] if i % 2 == 0 else [dict(at_hours=r.choice([200, 340]), rate_per_second=200)]
    return dict(name=f'proof-{i}', start='2026-01-06T00:00:00Z', days=r.choice([7, 10, 14]), households=r.choice([1200, 1600, 2000]),
        nat_share=nat,
        devices=dict(pc=1.4, mobile=1.2, tv=0.5, appliance=0.25, camera=0.15, nas=0.08, printer=0.3),
        direct_devices=dict(pc=0.8, camera=0.08, dvr=0.07, router=0.05),
        windows_share=r.uniform(0.88, 0.96),
        forwarding=dict(tv=0.04, appliance=0.06, camera=0.35, dvr=0.5, nas=0.4),
        router_ui_exposed=r.uniform(0.1, 0.4), direct_exposed=0.85,
        infection=dict(pc=r.uniform(0.15, 0.35), router=0.01*iot, camera=0.02*iot, dvr=0.05*iot, tv=0.002*iot, appliance=0.002*iot),
        pools=pools,
        campaign=dict(bursts_per_day=r.uniform(0.5, 1.2), burst_messages=[1, 4], burst_gap_seconds=[30, 900],
                      max_messages_per_address=r.choice([0, 0, 10]), active_hours=[0, 23]),
        traps=traps, scans=scans)
for i in range(int(sys.argv[1]), int(sys.argv[2])):
    json.dump(world(i), open(f'scenarios/proof/world-{i:02d}.json', 'w'), indent=1)
