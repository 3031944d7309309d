# What the lab's scripts share; `botcensus lab` runs each as `python3 -c` with this text before it.
import os


def in_lab_namespace():
    """True when this process runs in a network namespace of the lab (`ip netns` names starting with bclab)."""
    try:
        own = os.stat("/proc/self/ns/net")
        for name in os.listdir("/run/netns"):
            if name.startswith("bclab"):
                st = os.stat(os.path.join("/run/netns", name))
                if (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino):
                    return True
    except OSError:
        pass
    return False
