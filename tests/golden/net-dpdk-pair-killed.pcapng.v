20:48:35.186998 s1 session start: front /tmp/test-capture-peers.gzoA7P/sock/kill-a.sock (listen, pid 26264: dpdk-testpmd -l 1,0 --main-lcore 1 --no-huge -m 512 --no-pci --file-pref...) back /tmp/test-capture-peers.gzoA7P/sock/kill-b.sock (connect, pid 26161: dpdk-testpmd -l 0,1 --main-lcore 0 --no-huge -m 512 --no-pci --file-pref...)
20:48:35.187096 s1 main front>back VHOST_USER_SET_OWNER [0x1] size 0 fds 0
    Request: 3  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:48:35.187171 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:48:35.213333 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0xd7c66e7cb <CSUM,GUEST_CSUM,MTU,GSO,GUEST_TSO4,GUEST_TSO6,GUEST_ECN,GUEST_UFO,HOST_ECN,HOST_UFO,MRG_RXBUF,CTRL_VQ,CTRL_RX,GUEST_ANNOUNCE,MQ,LOG_ALL,ANY_LAYOUT,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1,RING_PACKED,IN_ORDER> (latency 26.162ms)
    Request: 1  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0xd7c66e7cb <CSUM,GUEST_CSUM,MTU,GSO,GUEST_TSO4,GUEST_TSO6,GUEST_ECN,GUEST_UFO,HOST_ECN,HOST_UFO,MRG_RXBUF,CTRL_VQ,CTRL_RX,GUEST_ANNOUNCE,MQ,LOG_ALL,ANY_LAYOUT,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1,RING_PACKED,IN_ORDER>  [12+8]
        bit  0: CSUM
        bit  1: GUEST_CSUM
        bit  3: MTU
        bit  6: GSO
        bit  7: GUEST_TSO4
        bit  8: GUEST_TSO6
        bit  9: GUEST_ECN
        bit 10: GUEST_UFO
        bit 13: HOST_ECN
        bit 14: HOST_UFO
        bit 15: MRG_RXBUF
        bit 17: CTRL_VQ
        bit 18: CTRL_RX
        bit 21: GUEST_ANNOUNCE
        bit 22: MQ
        bit 26: LOG_ALL
        bit 27: ANY_LAYOUT
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
        bit 34: RING_PACKED
        bit 35: IN_ORDER
20:48:35.220701 s1 main front>back VHOST_USER_GET_PROTOCOL_FEATURES [0x1] size 0 fds 0
    Request: 15  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:48:35.222850 s1 main back>front VHOST_USER_GET_PROTOCOL_FEATURES [0x5 reply] size 8 fds 0: protocol_features=0x10cbf <MQ,LOG_SHMFD,RARP,REPLY_ACK,NET_MTU,BACKEND_REQ,CRYPTO_SESSION,BACKEND_SEND_FD,HOST_NOTIFIER,STATUS> (latency 2148.7us)
    Request: 15  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x10cbf <MQ,LOG_SHMFD,RARP,REPLY_ACK,NET_MTU,BACKEND_REQ,CRYPTO_SESSION,BACKEND_SEND_FD,HOST_NOTIFIER,STATUS>  [12+8]
        bit  0: MQ
        bit  1: LOG_SHMFD
        bit  2: RARP
        bit  3: REPLY_ACK
        bit  4: NET_MTU
        bit  5: BACKEND_REQ
        bit  7: CRYPTO_SESSION
        bit 10: BACKEND_SEND_FD
        bit 11: HOST_NOTIFIER
        bit 16: STATUS
20:48:35.227226 s1 main front>back VHOST_USER_SET_PROTOCOL_FEATURES [0x1] size 8 fds 0: protocol_features=0x10009 <MQ,REPLY_ACK,STATUS>
    Request: 16  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x10009 <MQ,REPLY_ACK,STATUS>  [12+8]
        bit  0: MQ
        bit  3: REPLY_ACK
        bit 16: STATUS
20:48:35.227265 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1030 size 0 name "anon_inode:[eventfd]"
20:48:35.227366 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=1
    Request: 13  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x1  [12+8]
        Vring index: 1  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1030 size 0 name "anon_inode:[eventfd]"
20:48:35.227381 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x950008000 <MRG_RXBUF,INDIRECT_DESC,PROTOCOL_FEATURES,VERSION_1,IN_ORDER>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x950008000 <MRG_RXBUF,INDIRECT_DESC,PROTOCOL_FEATURES,VERSION_1,IN_ORDER>  [12+8]
        bit 15: MRG_RXBUF
        bit 28: INDIRECT_DESC
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
        bit 35: IN_ORDER
20:48:35.227411 s1 main front>back VHOST_USER_SET_STATUS [0x9 need_reply] size 8 fds 0: status=0xb <ACKNOWLEDGE,DRIVER,FEATURES_OK>
    Request: 39  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 8  [8+4]
    Device status: 0xb <ACKNOWLEDGE,DRIVER,FEATURES_OK>  [12+8]
        bit  0: ACKNOWLEDGE
        bit  1: DRIVER
        bit  3: FEATURES_OK
20:48:35.286763 s1 main back>front VHOST_USER_SET_STATUS [0x5 reply] size 8 fds 0: ack=0 (latency 59.352ms)
    Request: 39  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
20:48:35.306713 s1 main front>back VHOST_USER_GET_STATUS [0x1] size 0 fds 0
    Request: 40  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:48:35.321050 s1 main back>front VHOST_USER_GET_STATUS [0x5 reply] size 8 fds 0: status=0xb <ACKNOWLEDGE,DRIVER,FEATURES_OK> (latency 14.337ms)
    Request: 40  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Device status: 0xb <ACKNOWLEDGE,DRIVER,FEATURES_OK>  [12+8]
        bit  0: ACKNOWLEDGE
        bit  1: DRIVER
        bit  3: FEATURES_OK
20:48:35.322343 s1 main front>back VHOST_USER_GET_STATUS [0x1] size 0 fds 0
    Request: 40  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:48:35.326710 s1 main back>front VHOST_USER_GET_STATUS [0x5 reply] size 8 fds 0: status=0xb <ACKNOWLEDGE,DRIVER,FEATURES_OK> (latency 4366.9us)
    Request: 40  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Device status: 0xb <ACKNOWLEDGE,DRIVER,FEATURES_OK>  [12+8]
        bit  0: ACKNOWLEDGE
        bit  1: DRIVER
        bit  3: FEATURES_OK
20:48:35.403486 s1 main front>back VHOST_USER_SET_MEM_TABLE [0x9 need_reply] size 40 fds 1: nregions=1 region[guest_addr=0x10063a000 size=0x20000000 user_addr=0x10063a000 mmap_offset=0x0]
    Request: 5  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 40  [8+4]
    Regions: 1  [12+4]
    Padding: 0x0  [16+4]
    Region  [20+32]
        Guest physical address: 0x10063a000  [20+8]
        Size: 0x20000000  [28+8]
        Userspace address: 0x10063a000  [36+8]
        Mmap offset: 0x0  [44+8]
    fd 0: memfd inode 2348833 size 536870912 name "nohuge"
