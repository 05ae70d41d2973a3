20:46:53.963220 s1 session start: front /tmp/test-capture-peers.gzoA7P/sock/fs-virtiofsd-run-a.sock (listen, pid 21349: qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot ...) back /tmp/test-capture-peers.gzoA7P/sock/fs-virtiofsd-run-b.sock (connect, pid 20798: /usr/lib/qemu/virtiofsd --socket-path=/tmp/test-capture-peers.gzoA7P/soc...)
20:46:54.287932 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:46:54.288106 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x175000000 <NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1> (latency 174.0us)
    Request: 1  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x175000000 <NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit 24: NOTIFY_ON_EMPTY
        bit 26: LOG_ALL
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
20:46:54.306948 s1 main front>back VHOST_USER_GET_PROTOCOL_FEATURES [0x1] size 0 fds 0
    Request: 15  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:46:54.307148 s1 main back>front VHOST_USER_GET_PROTOCOL_FEATURES [0x5 reply] size 8 fds 0: protocol_features=0x8c2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS> (latency 200.5us)
    Request: 15  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x8c2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>  [12+8]
        bit  0: MQ
        bit  1: LOG_SHMFD
        bit  3: REPLY_ACK
        bit  5: BACKEND_REQ
        bit 10: BACKEND_SEND_FD
        bit 11: HOST_NOTIFIER
        bit 15: CONFIGURE_MEM_SLOTS
20:46:54.307711 s1 main front>back VHOST_USER_SET_PROTOCOL_FEATURES [0x1] size 8 fds 0: protocol_features=0x8c2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>
    Request: 16  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Protocol features: 0x8c2b <MQ,LOG_SHMFD,REPLY_ACK,BACKEND_REQ,BACKEND_SEND_FD,HOST_NOTIFIER,CONFIGURE_MEM_SLOTS>  [12+8]
        bit  0: MQ
        bit  1: LOG_SHMFD
        bit  3: REPLY_ACK
        bit  5: BACKEND_REQ
        bit 10: BACKEND_SEND_FD
        bit 11: HOST_NOTIFIER
        bit 15: CONFIGURE_MEM_SLOTS
20:46:54.307773 s1 main front>back VHOST_USER_GET_QUEUE_NUM [0x1] size 0 fds 0
    Request: 17  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:46:54.307835 s1 main back>front VHOST_USER_GET_QUEUE_NUM [0x5 reply] size 8 fds 0: queue_num=2 (latency 62.0us)
    Request: 17  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Maximum queues: 2  [12+8]
20:46:54.308033 s1 main front>back VHOST_USER_GET_MAX_MEM_SLOTS [0x1] size 0 fds 0
    Request: 36  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:46:54.308075 s1 main back>front VHOST_USER_GET_MAX_MEM_SLOTS [0x5 reply] size 8 fds 0: max_mem_slots=32 (latency 42.6us)
    Request: 36  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Memory slots: 32  [12+8]
20:46:54.308307 s1 main front>back VHOST_USER_SET_BACKEND_REQ_FD [0x9 need_reply] size 0 fds 1
    Request: 21  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 0  [8+4]
    fd 0: socket inode 8163763 size 0 name "socket:[8163763]"
20:46:54.308569 s1 main back>front VHOST_USER_SET_BACKEND_REQ_FD [0x5 reply] size 8 fds 0: ack=0 (latency 261.4us)
    Request: 21  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
20:46:54.308694 s1 main front>back VHOST_USER_SET_OWNER [0x1] size 0 fds 0
    Request: 3  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:46:54.308782 s1 main front>back VHOST_USER_GET_FEATURES [0x1] size 0 fds 0
    Request: 1  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 0  [8+4]
20:46:54.308855 s1 main back>front VHOST_USER_GET_FEATURES [0x5 reply] size 8 fds 0: features=0x175000000 <NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1> (latency 72.8us)
    Request: 1  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x175000000 <NOTIFY_ON_EMPTY,LOG_ALL,INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit 24: NOTIFY_ON_EMPTY
        bit 26: LOG_ALL
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
20:46:54.310714 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
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
20:46:54.310797 s1 main front>back VHOST_USER_SET_VRING_ERR [0x1] size 8 fds 1: index=0
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
20:46:54.310813 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=1
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
20:46:54.310936 s1 main front>back VHOST_USER_SET_VRING_ERR [0x1] size 8 fds 1: index=1
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
20:47:17.779121 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
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
20:47:17.779392 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=1
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
20:47:17.779454 s1 main front>back VHOST_USER_SET_FEATURES [0x1] size 8 fds 0: features=0x170000000 <INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>
    Request: 2  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Virtio features: 0x170000000 <INDIRECT_DESC,EVENT_IDX,PROTOCOL_FEATURES,VERSION_1>  [12+8]
        bit 28: INDIRECT_DESC
        bit 29: EVENT_IDX
        bit 30: PROTOCOL_FEATURES
        bit 32: VERSION_1
20:47:17.779527 s1 main front>back VHOST_USER_ADD_MEM_REG [0x9 need_reply] size 40 fds 1: region[guest_addr=0x0 size=0x10000000 user_addr=0x7f1107fff000 mmap_offset=0x0]
    Request: 37  [0+4]
    Flags: 0x9  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: true  [4+4]
    Payload size: 40  [8+4]
    Padding: 0x0  [12+8]
    Region  [20+32]
        Guest physical address: 0x0  [20+8]
        Size: 0x10000000  [28+8]
        Userspace address: 0x7f1107fff000  [36+8]
        Mmap offset: 0x0  [44+8]
    fd 0: memfd inode 2296129 size 268435456 name "memory-backend-memfd"
20:47:17.782133 s1 main back>front VHOST_USER_ADD_MEM_REG [0x5 reply] size 8 fds 0: ack=0 (latency 2605.3us)
    Request: 37  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Reply-ack result: 0  [12+8]
20:47:17.782374 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=0 size=1024
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Queue size: 1024  [16+4]
20:47:17.782412 s1 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=0 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 0  [16+4]
20:47:17.782446 s1 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=0 addr_flags=0x0 desc_user_addr=0x7f110ac3f000 used_user_addr=0x7f110ac43840 avail_user_addr=0x7f110ac43000 log_guest_addr=0x2c44840
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 0  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7f110ac3f000  [20+8]
    Used ring address: 0x7f110ac43840  [28+8]
    Avail ring address: 0x7f110ac43000  [36+8]
    Log guest address: 0x2c44840  [44+8]
20:47:17.782484 s1 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=0
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
20:47:17.782534 s1 main front>back VHOST_USER_SET_VRING_NUM [0x1] size 8 fds 0: index=1 size=1024
    Request: 8  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Queue size: 1024  [16+4]
20:47:17.782563 s1 main front>back VHOST_USER_SET_VRING_BASE [0x1] size 8 fds 0: index=1 base=0
    Request: 10  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Vring base: 0  [16+4]
20:47:17.782569 s1 main front>back VHOST_USER_SET_VRING_ADDR [0x1] size 40 fds 0: index=1 addr_flags=0x0 desc_user_addr=0x7f110aa9f000 used_user_addr=0x7f110aaa3840 avail_user_addr=0x7f110aaa3000 log_guest_addr=0x2aa4840
    Request: 9  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 40  [8+4]
    Vring index: 1  [12+4]
    Address flags: 0x0  [16+4]
        Log used-ring writes: false  [16+4]
    Descriptor table address: 0x7f110aa9f000  [20+8]
    Used ring address: 0x7f110aaa3840  [28+8]
    Avail ring address: 0x7f110aaa3000  [36+8]
    Log guest address: 0x2aa4840  [44+8]
20:47:17.782576 s1 main front>back VHOST_USER_SET_VRING_KICK [0x1] size 8 fds 1: index=1
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
20:47:17.782666 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 1  [16+4]
20:47:17.782700 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=1 enable=1
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Enable: 1  [16+4]
20:47:17.782744 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
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
20:47:17.782792 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=1
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
20:47:18.294827 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=0 enable=0
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Enable: 0  [16+4]
20:47:18.295024 s1 main front>back VHOST_USER_SET_VRING_ENABLE [0x1] size 8 fds 0: index=1 enable=0
    Request: 18  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Enable: 0  [16+4]
20:47:18.295056 s1 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=0 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring num: 0  [16+4]
20:47:18.299226 s1 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=0 base=6 (latency 4170.9us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 0  [12+4]
    Vring base: 6  [16+4]
20:47:18.299432 s1 main front>back VHOST_USER_GET_VRING_BASE [0x1] size 8 fds 0: index=1 num=0
    Request: 11  [0+4]
    Flags: 0x1  [4+4]
        Version: 1  [4+4]
        Reply: false  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Vring num: 0  [16+4]
20:47:18.299989 s1 main back>front VHOST_USER_GET_VRING_BASE [0x5 reply] size 8 fds 0: index=1 base=44 (latency 556.8us)
    Request: 11  [0+4]
    Flags: 0x5  [4+4]
        Version: 1  [4+4]
        Reply: true  [4+4]
        Need reply: false  [4+4]
    Payload size: 8  [8+4]
    Vring index: 1  [12+4]
    Vring base: 44  [16+4]
20:47:18.303099 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=0
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
20:47:18.303313 s1 main front>back VHOST_USER_SET_VRING_CALL [0x1] size 8 fds 1: index=1
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
20:47:18.343800 s1 session end: front closed; device fs (cmdline); dialect qemu
