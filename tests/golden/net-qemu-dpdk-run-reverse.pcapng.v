20:47:38.575042 s1 session start: front /tmp/test-capture-peers.gzoA7P/sock/net-qemu-dpdk-run-reverse-a.sock (connect, pid 23195: qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot ...) back /tmp/test-capture-peers.gzoA7P/sock/net-qemu-dpdk-run-reverse-b.sock (listen, pid 23259: dpdk-testpmd -l 0,1 --main-lcore 0 --no-huge -m 512 --no-pci --file-pref...)
20:47:38.575132 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:47:38.575313 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0xd7c66e7cb <CSUM,GUEST_CSUM,MTU,GSO,GUEST_TSO4,GUEST_TSO6,GUEST_ECN,GUEST_UFO,HOST_ECN,HOST_UFO,MRG_RXBUF,CTRL_VQ,CTRL_RX,GUEST_ANNOUNCE,MQ,LOG_ALL,ANY_LAYOUT,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1,RING_PACKED,IN_ORDER> (latency 181.4us)
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
20:47:38.580670 s1 main front>back VHOST_USER_GET_PROTOCOL_FEATURES [0x1] size 0 fds 0
    Request: 15  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:47:38.581523 s1 main back>front VHOST_USER_GET_PROTOCOL_FEATURES [0x5 reply] size 8 fds 0: protocol_features=0x10cbf <MQ,LOG_SHMFD,RARP,REPLY_ACK,NET_MTU,BACKEND_REQ,CRYPTO_SESSION,BACKEND_SEND_FD,HOST_NOTIFIER,STATUS> (latency 852.9us)
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
20:47:38.581602 s1 main front>back VHOST_USER_SET_PROTOCOL_FEATURES [0x1] size 8 fds 0: protocol_features=0x10cbf <MQ,LOG_SHMFD,RARP,REPLY_ACK,NET_MTU,BACKEND_REQ,CRYPTO_SESSION,BACKEND_SEND_FD,HOST_NOTIFIER,STATUS>
    Request: 16  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
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
20:47:38.581609 s1 main front>back VHOST_USER_GET_QUEUE_NUM [0x1] size 0 fds 0
    Request: 17  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:47:38.581740 s1 main back>front VHOST_USER_GET_QUEUE_NUM [0x5 reply] size 8 fds 0: queue_num=128 (latency 131.4us)
    Request: 17  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Maximum queues: 128  [12+8]
20:47:38.581881 s1 main front>back VHOST_USER_SET_BACKEND_REQ_FD [0x9 need_reply] size 0 fds 1
    Request: 21  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 0  [8+4]
    fd 0: socket inode 8165881 size 0 name "socket:[8165881]"
20:47:38.582129 s1 main back>front VHOST_USER_SET_BACKEND_REQ_FD [0x5 reply] size 8 fds 0: ack=0 (latency 248.0us)
    Request: 21  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
20:47:38.582225 s1 main front>back VHOST_USER_SET_OWNER [0x1] size 0 fds 0
    Request: 3  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:47:38.582281 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:47:38.586652 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0xd7c66e7cb <CSUM,GUEST_CSUM,MTU,GSO,GUEST_TSO4,GUEST_TSO6,GUEST_ECN,GUEST_UFO,HOST_ECN,HOST_UFO,MRG_RXBUF,CTRL_VQ,CTRL_RX,GUEST_ANNOUNCE,MQ,LOG_ALL,ANY_LAYOUT,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1,RING_PACKED,IN_ORDER> (latency 4371.9us)
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
20:47:38.588714 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
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
20:47:38.588793 s1 main front>back VHOST_USER_SET_VRING_ERR [0x1] size 8 fds 1: index=0
    Request: 14  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1030 size 0 name "anon_inode:[eventfd]"
20:47:38.588808 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=1
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
20:47:38.588822 s1 main front>back VHOST_USER_SET_VRING_ERR [0x1] size 8 fds 1: index=1
    Request: 14  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x1  [12+8]
        Vring index: 1  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1030 size 0 name "anon_inode:[eventfd]"
20:47:38.792114 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
20:47:38.792134 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=1 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Enable: 1  [16+4]
20:47:57.449216 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
20:47:57.449558 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=1 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Enable: 1  [16+4]
20:47:57.663514 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
20:47:57.670716 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=1 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Enable: 1  [16+4]
20:47:57.670737 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
20:47:57.670817 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=1 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Enable: 1  [16+4]
20:47:57.681932 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
20:47:57.682681 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=1 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Enable: 1  [16+4]
20:47:57.682945 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x17020e783 <CSUM,GUEST_CSUM,GUEST_TSO4,GUEST_TSO6,GUEST_ECN,GUEST_UFO,HOST_ECN,HOST_UFO,MRG_RXBUF,GUEST_ANNOUNCE,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x17020e783 <CSUM,GUEST_CSUM,GUEST_TSO4,GUEST_TSO6,GUEST_ECN,GUEST_UFO,HOST_ECN,HOST_UFO,MRG_RXBUF,GUEST_ANNOUNCE,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit  0: CSUM
        bit  1: GUEST_CSUM
        bit  7: GUEST_TSO4
        bit  8: GUEST_TSO6
        bit  9: GUEST_ECN
        bit 10: GUEST_UFO
        bit 13: HOST_ECN
        bit 14: HOST_UFO
        bit 15: MRG_RXBUF
        bit 21: GUEST_ANNOUNCE
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
20:47:57.683106 s1 main front>back VHOST_USER_GET_STATUS [0x1] size 0 fds 0
    Request: 40  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:47:57.683178 s1 main back>front VHOST_USER_GET_STATUS [0x5 reply] size 8 fds 0: status=0x0 (latency 72.2us)
    Request: 40  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Device status: 0x0  [12+8]
20:47:57.683252 s1 main front>back VHOST_USER_SET_STATUS [0x1] size 8 fds 0: status=0x8 <FEATURES_OK>
    Request: 39  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Device status: 0x8 <FEATURES_OK>  [12+8]
        bit  3: FEATURES_OK
20:47:57.683436 s1 main front>back VHOST_USER_SET_MEM_TABLE [0x9 need_reply] size 40 fds 1: nregions=1 region[guest_addr=0x0 size=0x10000000 user_addr=0x7f06e3fff000 mmap_offset=0x0]
    Request: 5  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 40  [8+4]
    Regions: 1  [12+4]
    Padding: 0x0  [16+4]
    Region  [20+32]
        Guest physical address: 0x0  [20+8]
        Size: 0x10000000  [28+8]
        Userspace address: 0x7f06e3fff000  [36+8]
        Mmap offset: 0x0  [44+8]
    fd 0: memfd inode 2296137 size 268435456 name "memory-backend-memfd"
20:47:58.021219 s1 main back>front VHOST_USER_SET_MEM_TABLE [0x5 reply] size 8 fds 0: ack=0 (latency 337.783ms)
    Request: 5  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
20:47:58.022837 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=256
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 256  [16+4]
20:47:58.022846 s1 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
20:47:58.022881 s1 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x7f06e6a13000 used_user_addr=0x7f06e6a14240 avail_user_addr=0x7f06e6a14000 log_guest_addr=0x2a15240
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7f06e6a13000  [20+8]
    Used ring address: 0x7f06e6a14240  [28+8]
    Avail ring address: 0x7f06e6a14000  [36+8]
    Log guest address: 0x2a15240  [44+8]
20:47:58.022891 s1 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
    Request: 12  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x0  [12+8]
        Vring index: 0  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1030 size 0 name "anon_inode:[eventfd]"
20:47:58.022950 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
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
20:47:58.022964 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=1 size=256
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Queue size: 256  [16+4]
20:47:58.022971 s1 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=1 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Vring base: 0  [16+4]
20:47:58.022977 s1 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=1 addr_flags=0x0 desc_user_addr=0x7f06e69fb000 used_user_addr=0x7f06e69fc240 avail_user_addr=0x7f06e69fc000 log_guest_addr=0x29fd240
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 1  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7f06e69fb000  [20+8]
    Used ring address: 0x7f06e69fc240  [28+8]
    Avail ring address: 0x7f06e69fc000  [36+8]
    Log guest address: 0x29fd240  [44+8]
20:47:58.022996 s1 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=1
    Request: 12  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring fd descriptor: 0x1  [12+8]
        Vring index: 1  [12+8]
        No fd: false  [12+8]
    fd 0: eventfd inode 1030 size 0 name "anon_inode:[eventfd]"
20:47:58.023010 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=1
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
20:47:58.023059 s1 main front>back VHOST_USER_GET_STATUS [0x1] size 0 fds 0
    Request: 40  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:47:58.023710 s1 main back>front VHOST_USER_GET_STATUS [0x5 reply] size 8 fds 0: status=0x8 <FEATURES_OK> (latency 651.1us)
    Request: 40  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Device status: 0x8 <FEATURES_OK>  [12+8]
        bit  3: FEATURES_OK
20:47:58.026551 s1 main front>back VHOST_USER_SET_STATUS [0x1] size 8 fds 0: status=0xf <ACKNOWLEDGE,DRIVER,DRIVER_OK,FEATURES_OK>
    Request: 39  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Device status: 0xf <ACKNOWLEDGE,DRIVER,DRIVER_OK,FEATURES_OK>  [12+8]
        bit  0: ACKNOWLEDGE
        bit  1: DRIVER
        bit  2: DRIVER_OK
        bit  3: FEATURES_OK
20:47:59.470728 s1 main front>back VHOST_USER_SET_STATUS [0x1] size 8 fds 0: status=0x0
    Request: 39  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Device status: 0x0  [12+8]
20:47:59.471118 s1 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=0 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring num: 0  [16+4]
20:47:59.471546 s1 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=0 base=6 (latency 427.5us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 6  [16+4]
20:47:59.472946 s1 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=1 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Vring num: 0  [16+4]
20:47:59.473130 s1 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=1 base=8 (latency 183.5us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Vring base: 8  [16+4]
20:47:59.473445 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
20:47:59.473530 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=1 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Enable: 1  [16+4]
20:47:59.485639 s1 session end: front closed; device net (cmdline, features); dialect qemu
