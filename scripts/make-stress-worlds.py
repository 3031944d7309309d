"""Writes scenarios/stress-family/world-NN.json: seeded worlds that break the proof family's comfortable
assumptions (issue 12, item 4), one stressor in turn on top of varied home networks:
0 phones: infected Android and iOS phones on home Wi-Fi send most of the spam;
1 IoT on PC-like stacks: TV boxes and NAS on a modern Linux stack, like a PC's;
2 several infected PCs per household, behind one NAT address;
3 carrier-grade NAT: most households share a CGN address with 16-64 others;
4 late scans: the scan comes three to four weeks after the spam, through heavy churn.
Run: python3 scripts/make-stress-worlds.py 0 20
"""
import json, random, sys

def world(i):
    r = random.Random(5000 + i)
    kind = i % 5
    devices = dict(pc=1.4, mobile=1.2, tv=0.5, appliance=0.25, camera=0.15, nas=0.08, printer=0.3)
    infection = dict(pc=r.uniform(0.08, 0.2), router=0.01, camera=0.02, dvr=0.05, tv=0.002, appliance=0.002)
    forwarding = dict(tv=0.04, appliance=0.06, camera=0.35, dvr=0.5, nas=0.4)
    pools = [dict(name='dsl', cidr='198.18.0.0/20', share=0.55, lease_hours=r.choice([12, 24]), churn=r.uniform(0.2, 0.6), distance=[9, 17]),
             dict(name='cable', cidr='198.18.16.0/20', share=0.45, lease_hours=r.choice([72, 168]), churn=r.uniform(0.1, 0.4), distance=[8, 15])]
    scans = [dict(reactive_minutes=r.choice([10, 30, 120]))] if i % 2 == 0 else [dict(at_hours=r.choice([200, 340]), rate_per_second=200)]
    if kind == 0:
        infection['mobile'] = r.uniform(0.05, 0.15)
        infection['pc'] = r.uniform(0.03, 0.08)
    elif kind == 1:
        devices['tv'] = 0.8
        devices['nas'] = 0.2
        infection['tv'] = r.uniform(0.05, 0.1)
        infection['nas'] = r.uniform(0.05, 0.1)
        forwarding['tv'] = 0.3
    elif kind == 2:
        devices['pc'] = r.uniform(2.5, 4.0)
        infection['pc'] = r.uniform(0.3, 0.5)
    elif kind == 3:
        pools = [dict(name='cgn', cidr='198.18.0.0/24', share=r.uniform(0.5, 0.8), cgn=True, households_per_address=r.choice([16, 32, 64]), distance=[12, 20]),
                 dict(name='dsl', cidr='198.18.16.0/20', share=0.5, lease_hours=24, churn=r.uniform(0.1, 0.5), distance=[9, 17])]
    else:
        pools = [dict(name='dsl-2h', cidr='198.18.0.0/19', share=0.6, lease_hours=r.choice([2, 4]), churn=r.uniform(0.2, 0.5), distance=[9, 17]),
                 dict(name='daily', cidr='198.18.32.0/20', share=0.4, lease_hours=24, churn=0.7, distance=[8, 15])]
        scans = [dict(at_hours=r.choice([500, 600, 700]), rate_per_second=200)]
    traps = [dict(hostname='trap1', ip='192.0.2.25', share=0.6, p0f_coverage=r.uniform(0.9, 1.0)),
             dict(hostname='trap2', ip='192.0.2.26', share=0.4, p0f_coverage=1.0)]
    return dict(name=f'stress-{i}', start='2026-01-06T00:00:00Z', days=r.choice([7, 10, 14]), households=r.choice([1200, 1600]),
                nat_share=r.uniform(0.7, 0.95), devices=devices,
                direct_devices=dict(pc=0.8, camera=0.08, dvr=0.07, router=0.05),
                windows_share=r.uniform(0.85, 0.95), forwarding=forwarding,
                router_ui_exposed=r.uniform(0.1, 0.4), direct_exposed=0.85, infection=infection, pools=pools,
                campaign=dict(bursts_per_day=r.uniform(0.5, 1.2), burst_messages=[1, 4], burst_gap_seconds=[30, 900],
                              max_messages_per_address=r.choice([0, 0, 10]), active_hours=[0, 23]),
                traps=traps, scans=scans)

for i in range(int(sys.argv[1]), int(sys.argv[2])):
    json.dump(world(i), open(f'scenarios/stress-family/world-{i:02d}.json', 'w'), indent=1)
