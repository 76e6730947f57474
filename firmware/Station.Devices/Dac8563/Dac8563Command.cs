namespace Station.Devices.Dac8563;

/// <summary>Command bits C2–C0 (DB21–DB19) of a DAC8563 write frame (datasheet Table "Commands").</summary>
public enum Dac8563Command : byte
{
    /// <summary>Write to input register n (the output changes on LDAC).</summary>
    WriteInput = 0b000,

    /// <summary>Software LDAC: copy input register n to DAC register n.</summary>
    UpdateDac = 0b001,

    /// <summary>Write to input register n and update all DAC registers (a synchronous two-channel update).</summary>
    WriteInputUpdateAll = 0b010,

    /// <summary>Write to input register n and update DAC register n.</summary>
    WriteInputUpdate = 0b011,

    /// <summary>Set DAC power up/down mode (PD1 PD0 in DB5–DB4, channel select in DB1–DB0).</summary>
    PowerMode = 0b100,

    /// <summary>Software reset (DB0 = 1: every register to its power-on value).</summary>
    SoftwareReset = 0b101,

    /// <summary>Set the LDAC registers (DB1 DAC-B, DB0 DAC-A; 1: that channel ignores the LDAC pin).</summary>
    LdacRegister = 0b110,

    /// <summary>Internal reference enable register (DB0 = 1 enables the 2.5 V reference and sets both gains to 2).</summary>
    InternalReference = 0b111,
}

/// <summary>Address bits A2–A0 (DB18–DB16).</summary>
public enum Dac8563Address : byte
{
    /// <summary>DAC-A.</summary>
    DacA = 0b000,

    /// <summary>DAC-B.</summary>
    DacB = 0b001,

    /// <summary>The gain register (with <see cref="Dac8563Command.WriteInput"/>: DB1 DAC-B, DB0 DAC-A; 0 = gain 2, 1 = gain 1).</summary>
    Gain = 0b010,

    /// <summary>DAC-A and DAC-B.</summary>
    AllDacs = 0b111,
}

/// <summary>The two outputs.</summary>
public enum Dac8563Channel
{
    A = 0,
    B = 1,
}

/// <summary>DAC power modes (PD1 PD0).</summary>
public enum Dac8563PowerMode
{
    /// <summary>Normal operation.</summary>
    PoweredUp = 0b00,

    /// <summary>Output off, 1 kΩ to GND.</summary>
    PowerDown1K = 0b01,

    /// <summary>Output off, 100 kΩ to GND.</summary>
    PowerDown100K = 0b10,

    /// <summary>Output off, high impedance.</summary>
    PowerDownHighZ = 0b11,
}
