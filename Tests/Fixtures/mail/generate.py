#!/usr/bin/env python3
"""Writes the raw-mail fixtures of Tests/MailTests (expected values: README.md in this folder).

The files are committed; this script documents how their encoded parts (base64, quoted-printable,
RFC 2047 words, Latin-1 bytes) were made, and rewrites them byte for byte: `python3 generate.py`.
Lines end in LF except where a test says otherwise.
"""
import base64
import os
import quopri
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    path = os.path.join(HERE, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode("utf-8"))


def b64word(text, charset="utf-8"):
    return "=?%s?B?%s?=" % (charset, base64.b64encode(text.encode(charset)).decode())


def qp_body(text, charset="utf-8"):
    return quopri.encodestring(text.encode(charset)).decode("ascii")


def b64_body(text, charset="utf-8"):
    raw = base64.b64encode(text.encode(charset)).decode()
    return "\n".join(raw[i:i + 76] for i in range(0, len(raw), 76)) + "\n"


# --- one .eml per MTA style -------------------------------------------------------------------------

write("postfix.eml", f"""Return-Path: <bounce-8812@bank.example>
Delivered-To: alice@example.net
Received: from WIN-7H3K2LQ (dyn-203-0-113-7.dsl.example.org [203.0.113.7])
\t(using TLSv1.2 with cipher ECDHE-RSA-AES256-GCM-SHA384 (256/256 bits))
\t(No client certificate requested)
\tby mx.example.net (Postfix) with ESMTPS id 4dQ7xK2Zb9z9sWn
\tfor <alice@example.net>; Tue,  6 Jan 2026 03:04:05 +0000 (UTC)
Received: from mail.bank.example (mail.bank.example [198.51.100.99])
\tby relay.bank.example (8.15.2/8.15.2) with ESMTP id 605B1x2Y012345;
\tMon, 5 Jan 2026 11:11:11 +0000
Date: Tue, 6 Jan 2026 04:03:58 +0100
From: "Bank Security" <security@bank.example>
To: alice@example.net
Subject: {b64word("Your account is locked 🔒")}
Message-ID: <20260106030358.4411@bank.example>
X-Mailer: Microsoft Outlook Express 6.00.2900.5512
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

Dear customer,

your account has been locked. Confirm your identity within 24 hours:
http://bank-secure.example/login?id=55121

Bank Security Team
""")

write("exim.eml", """Received: from dyn-198-51-100-23.cable.example ([198.51.100.23] helo=hp-printer)
\tby mx.example.net with esmtp (Exim 4.96)
\t(envelope-from <promo@shop.example>)
\tid 1vXyZq-000Abc-7F
\tfor bob@example.net;
\tTue, 06 Jan 2026 05:06:07 +0100
Received: from [10.9.8.7] (helo=internal.shop.example)
\tby smtp.shop.example with esmtpa (Exim 4.94)
\tid 1vXyZp-0000Zz-00; Tue, 06 Jan 2026 05:06:00 +0100
Date: Tue, 06 Jan 2026 05:06:01 +0100
From: Shop <promo@shop.example>
To: Bob <bob@example.net>
Subject: =?iso-8859-1?Q?R=E9duction_de_50=25?=
Message-ID: <1vXyZp-0000Zz-00@smtp.shop.example>
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Profitez d'une r=E9duction de 50% sur tout le magasin.
""")

write("exim-literal.eml", b"Received: from [203.0.113.45] (port=50522 helo=User)\n"
      b"\tby mx.example.net with esmtp (Exim 4.96)\n"
      b"\tid 1vXz00-000Xyz-2a\n"
      b"\tfor carol@example.net; Tue, 06 Jan 2026 06:00:00 +0000\n"
      b"Date: Tue, 06 Jan 2026 06:59:59 +0100\n"
      b"From: Rabatt <rabatt@markt.example>\n"
      b"To: carol@example.net\n"
      b"Subject: Gro\xdfe Rabatte f\xfcr Sie\n"
      b"Message-ID: <r4b477@markt.example>\n"
      b"User-Agent: Mozilla/5.0 (Windows NT 6.1; rv:52.0) Gecko/20100101 Thunderbird/52.9.1\n"
      b"Content-Type: text/plain; charset=iso-8859-1\n"
      b"\n"
      b"Gro\xdfe Rabatte f\xfcr Sie!\n")

write("sendmail.eml", f"""Received: from bigpond-helo (cpe-203-0-113-88.example.net [203.0.113.88] (may be forged))
\tby mail.example.net (8.15.2/8.15.2) with ESMTP id 605EaBcD012345
\tfor <dave@example.net>; Tue, 6 Jan 2026 07:08:09 -0500
Date: Tue, 6 Jan 2026 07:08:00 -0500
From: Deals <deals@phones.example>
To: dave@example.net
Subject: =?windows-1252?Q?=93Free=94_iPhone_=96_today_only?=
Message-ID: <deal-77@phones.example>
X-Mailer: The Bat! (v3.51.10) Professional

Claim it now.
""")

# An encoder that cut "ü" (C3 BC) between two encoded words: they must be decoded together.
split_utf8_subject = " ".join("=?utf-8?B?%s?=" % base64.b64encode(part).decode()
                              for part in (b"Rechnung f\xc3", b"\xbcr Ihre Bestellung"))
write("exchange.eml", f"""Received: from BN6PR12MB5678.namprd12.prod.outlook.com (2603:10b6:404:c0::34) by
 DM6PR12MB1234.namprd12.prod.outlook.com with HTTPS; Tue, 6 Jan 2026 08:09:12 +0000
Received: from BN1NAM02FT012.eop-nam02.prod.protection.outlook.com
 (2603:10b6:404:c0:cafe::5) by BN6PR12MB5678.namprd12.prod.outlook.com
 (2603:10b6:404:c0::34) with Microsoft SMTP Server (version=TLS1_2,
 cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.20.7544.21 via Frontend
 Transport; Tue, 6 Jan 2026 08:09:11 +0000
Received: from smtp.invoices.example (198.51.100.140) by
 BN1NAM02FT012.mail.protection.outlook.com (10.13.2.90) with Microsoft SMTP
 Server (version=TLS1_2, cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id
 15.20.7544.21 via Frontend Transport; Tue, 6 Jan 2026 08:09:10 +0000
Received: from forged.example (forged.example [192.0.2.200]) by smtp.invoices.example
 with SMTP id FORGED; Tue, 6 Jan 2026 08:00:00 +0000
Date: Tue, 6 Jan 2026 08:09:05 +0000
From: Invoices <billing@invoices.example>
To: erin@contoso.example
Subject: {split_utf8_subject}
Message-ID: <BN1PR01MB0001.inv@invoices.example>
X-Mailer: PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)

Please find your invoice attached.
""")

write("gmail.eml", """Delivered-To: frank@gmail.com
Received: by 2002:a05:7000:8c0b:b0:5e1:2a3f:1c5d with SMTP id x11csp1234567mac;
        Tue, 6 Jan 2026 01:02:03 -0800 (PST)
X-Received: by 2002:a17:90a:d3c7:b0:2c9:7d1a:1f3 with SMTP id s7mr123.2026.01.06; Tue, 06 Jan 2026 01:02:03 -0800 (PST)
Received: from mail-out.example.org (mail-out.example.org. [2001:db8:5::25])
        by mx.google.com with ESMTPS id a1si1234567pgb.123.2026.01.06.01.02.02
        for <frank@gmail.com>
        (version=TLS1_3 cipher=TLS_AES_256_GCM_SHA384 bits=256/256);
        Tue, 06 Jan 2026 01:02:02 -0800 (PST)
Received: from [192.0.2.44] (unknown [192.0.2.44]) by mail-out.example.org; Tue, 06 Jan 2026 09:00:00 +0000
Date: Tue, 06 Jan 2026 10:01:59 +0100
From: Lottery <win@lotto.example>
To: frank@gmail.com
Subject: You have won
Message-ID: <CAJ7x=abc123@mail.gmail.com>

Congratulations.
""")

write("ipv6-literal.eml", """Received: from [IPv6:2001:db8::1] (unknown [IPv6:2001:db8::1])
\tby mx.example.net (Postfix) with ESMTP id 4dQ8aa1bcdz9sX0
\tfor <gina@example.net>; Tue,  6 Jan 2026 10:11:12 +0000 (UTC)
From: x@example.com
To: gina@example.net
Subject: v6

hello
""")

write("qmail.eml", """Received: (qmail 12345 invoked from network); 6 Jan 2026 11:12:13 -0000
Received: from unknown (HELO mailer.example) (203.0.113.201)
  by mx.example.net with SMTP; 6 Jan 2026 11:12:13 -0000
From: x@example.com
To: hank@example.net
Subject: qmail

hello
""")

write("relays.eml", """Received: from relay.example.net (relay.example.net [192.0.2.10])
\tby mx.example.net (Postfix) with ESMTP id 4dQ9R1aaaaz9sX1
\tfor <ivy@example.net>; Tue,  6 Jan 2026 12:00:02 +0000 (UTC)
Received: from EHLO-NAME (dyn-203-0-113-99.example.org [203.0.113.99])
\tby relay.example.net (Postfix) with ESMTP id 4dQ9R0bbbbz9sX2;
\tTue,  6 Jan 2026 12:00:01 +0000 (UTC)
Received: from forged.example (forged.example [198.51.100.66])
\tby dyn-203-0-113-99.example.org (Postfix) with SMTP id FORGED;
\tTue,  6 Jan 2026 11:00:00 +0000
From: x@example.com
To: ivy@example.net
Subject: relayed

hello
""")

write("no-received.eml", """From: x@example.com
To: jack@example.net
Subject: no trace
Date: Tue, 6 Jan 2026 13:00:00 +0000

hello
""")

# --- mboxo: four messages -----------------------------------------------------------------------------

folded_subject = "Subject: " + b64word("Ihre Bestellung") + "\n " + b64word(" wurde versandt") + "\n\t(Nr. 4711)"
write("inbox.mbox", f"""From MAILER-DAEMON Tue Jan  6 13:00:00 2026
Received: from helo-one (host-one.example [198.51.100.1])
\tby mx.example.net (Postfix) with ESMTP id 4dQAA1aaaaz9sY1;
\tTue,  6 Jan 2026 12:59:58 +0000 (UTC)
Subject: first
Message-ID: <one@example>

>From the desk of the CEO: a body line an mboxo writer quoted.
From here on not a separator: no empty line before it.

From sender@example.com Tue Jan  6 13:05:00 2026
From: nobody@example.com
Subject: second, without Received
Date: Tue, 6 Jan 2026 13:04:59 +0000

body

From - Tue Jan  6 13:10:00 2026
Received: from helo-three (unknown [198.51.100.3])
\tby mx.example.net (Postfix) with ESMTP id 4dQAA3cccc
Subject: third: no date but the envelope

body

From sender@example.com Tue Jan  6 13:15:00 2026
Received: from helo-four (host-four.example [198.51.100.4])
\tby mx.example.net (Postfix) with ESMTP id 4dQAA4dddd;
\tTue,  6 Jan 2026 13:14:58 +0000 (UTC)
{folded_subject}
Message-ID:
 <four@example>

body
""")

# --- mboxrd: a campaign of three (links, names, ids differ; encodings and charsets too) and another one --

template = """Dear {first},

Your parcel {parcel} is waiting at our depot. Confirm the delivery
address within {hours} hours: {link}

Questions? Write to {support} or reply to {email}.
Ref: {ref}
Caf\u00e9 Logistics
"""

html_template = """<html><body><p>Dear {first},</p><p>Your parcel {parcel} is waiting.
<a href="{link}">Confirm</a></p></body></html>
"""


def campaign_message(envelope, ip, helo, qid, date, first, last, parcel, hours, link, support, ref, plain_enc, charset):
    email = f"{first.lower()}.{last.lower()}@example.net"
    text = template.format(first=first, parcel=parcel, hours=hours, link=link, support=support, email=email, ref=ref)
    html = html_template.format(first=first, parcel=parcel, link=link)
    if plain_enc == "quoted-printable":
        plain = qp_body(text, charset)
    else:
        plain = b64_body(text, charset)
    # mboxrd quoting of body lines beginning with From (none here; the other message has some)
    return f"""From {envelope}
Received: from {helo} (unknown [{ip}])
\tby mx.example.net (Postfix) with ESMTP id {qid}
\tfor <{email}>; {date}
Date: {date}
From: "Parcel Service" <noreply@parcel.example>
To: "{first} {last}" <{email}>
Subject: Your parcel {parcel}
Message-ID: <{qid}.{parcel}@parcel.example>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="=_b{qid}"

This is a multi-part message in MIME format.

--=_b{qid}
Content-Type: text/plain; charset="{charset}"
Content-Transfer-Encoding: {plain_enc}

{plain}
--=_b{qid}
Content-Type: text/html; charset="utf-8"
Content-Transfer-Encoding: base64

{b64_body(html)}
--=_b{qid}--

"""


mboxrd = ""
mboxrd += campaign_message("bounce@parcel.example Wed Jan  7 09:00:00 2026", "203.0.113.11", "parcel-1", "4dQB0001aaaa",
                           "Wed, 7 Jan 2026 09:00:00 +0000", "Alice", "Smith", "DX-448120", 48,
                           "http://parcel-depot.example/c/8f3a9b2e7d?u=alice", "help@parcel.example", "a91f03c2",
                           "quoted-printable", "utf-8")
mboxrd += campaign_message("bounce@parcel.example Wed Jan  7 09:01:00 2026", "203.0.113.12", "parcel-2", "4dQB0002bbbb",
                           "Wed, 7 Jan 2026 09:01:00 +0000", "Bob", "Jones", "DX-991377", 72,
                           "https://www.track-now.example/r/AbC9xYz0?ref=bob.jones", "care@parcel-help.example", "77e0d1b4",
                           "base64", "utf-8")
mboxrd += campaign_message("bounce@parcel.example Wed Jan  7 09:02:00 2026", "203.0.113.13", "parcel-3", "4dQB0003cccc",
                           "Wed, 7 Jan 2026 09:02:00 +0000", "Carol", "White", "DX-120004", 24,
                           "http://203.0.113.200/p.php?id=5521&t=carol", "desk@parcel.example", "0c44ab19",
                           "quoted-printable", "iso-8859-1")
mboxrd += """From newsletter@shop.example Wed Jan  7 10:00:00 2026
Received: from shop-mailer (mailer.shop.example [198.51.100.50])
\tby mx.example.net (Postfix) with ESMTP id 4dQB0004dddd;
\tWed,  7 Jan 2026 10:00:00 +0000 (UTC)
Date: Wed, 7 Jan 2026 10:00:00 +0000
To: Dana <dana@example.net>
Subject: =?utf-8?Q?Winter_sale_=E2=80=93_up_to_70=25_off?=
Message-ID: <news-2026-01@shop.example>
Content-Type: text/plain; charset=utf-8

Winter sale: everything must go, up to 70% off at http://shop.example/sale
>From our warehouse to your door.
>>From the archive: a line that was ">From " before mboxrd quoting.
"""
write("campaign.mboxrd", mboxrd)

# --- Maildir: cur/ and new/ (tmp/ holds a delivery in progress, which is not read) ---------------------

maildir = os.path.join(HERE, "Maildir")
shutil.rmtree(maildir, ignore_errors=True)
write("Maildir/cur/1767776400.M1P100.mx.example.net:2,S", """Received: from helo-md1 (md1.example.org [192.0.2.101])
\tby mx.example.net (Postfix) with ESMTP id 4dQC0001;
\tWed,  7 Jan 2026 09:00:00 +0000 (UTC)
Subject: maildir one
Message-ID: <md1@example.org>

one
""")
write("Maildir/new/1767776500.M2P101.mx.example.net", """From: x@example.org
Subject: maildir two has no Received header

two
""")
write("Maildir/new/1767776600.M3P102.mx.example.net", """Received: from helo-md3 (md3.example.org [192.0.2.103])
\tby mx.example.net (Postfix) with ESMTP id 4dQC0003
Subject: maildir three: the time comes from the file name

three
""")
write("Maildir/tmp/1767776700.M4P103.mx.example.net", """Received: from helo-md4 (md4.example.org [192.0.2.104])
\tby mx.example.net (Postfix) with ESMTP id 4dQC0004;
\tWed,  7 Jan 2026 09:05:00 +0000 (UTC)
Subject: still being delivered

four
""")
